"""Tessera's cloud.properties as the benchmark scripts read it: key=value lines, `\\:` unescaped."""


def read_config(path):
    config = {}
    with open(path) as f:
        for line in f:
            if "=" in line and not line.startswith("#"):
                key, value = line.rstrip("\n").split("=", 1)
                config[key] = value.replace("\\:", ":")
    return config
