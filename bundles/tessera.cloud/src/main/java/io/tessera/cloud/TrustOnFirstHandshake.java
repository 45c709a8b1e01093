package io.tessera.cloud;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's default trust manager, made at the first TLS handshake instead of when the HTTP
 * client is built. Making it parses the JDK's CA certificates, about a tenth of a second of every
 * command's start here, which a client of the local servers (plain HTTP on 127.0.0.1) never needs.
 * Every check is the default one's, delegated as it is: the same certificates are trusted, and the
 * host name is verified as before (the extended checks are delegated too, so JSSE adds nothing and
 * leaves out nothing).
 */
final class TrustOnFirstHandshake extends X509ExtendedTrustManager {
    private volatile X509ExtendedTrustManager standard;

    static TrustManager[] managers() {
        return new TrustManager[] {new TrustOnFirstHandshake()};
    }

    private X509ExtendedTrustManager standard() throws CertificateException {
        X509ExtendedTrustManager made = standard;
        if (made == null) {
            synchronized (this) {
                if (standard == null) {
                    standard = jdkDefault();
                }
                made = standard;
            }
        }
        return made;
    }

    private static X509ExtendedTrustManager jdkDefault() throws CertificateException {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null); // the JDK's cacerts, or javax.net.ssl.trustStore when set
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager x509) {
                    return x509;
                }
            }
            throw new CertificateException("the JDK offers no X.509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new CertificateException("cannot load the JDK's trusted certificates: " + e.getMessage(), e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        standard().checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        standard().checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        standard().checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        standard().checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        standard().checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        standard().checkServerTrusted(chain, authType, engine);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        try {
            return standard().getAcceptedIssuers();
        } catch (CertificateException e) {
            return new X509Certificate[0];
        }
    }
}
