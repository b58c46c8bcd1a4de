import yaml
from yaml import SafeLoader


def read_manifest(text):
    # ruleid: yaml-unsafe-load
    return yaml.load(text, Loader=yaml.Loader)


def read_all(stream):
    # ruleid: yaml-unsafe-load
    return list(yaml.load_all(stream, Loader=yaml.UnsafeLoader))


def read_config(path):
    with open(path) as handle:
        # ruleid: yaml-unsafe-load
        return yaml.unsafe_load(handle)


def read_legacy(text):
    # ruleid: yaml-unsafe-load
    return yaml.full_load(text)


def read_manifest_safely(text):
    # ok: yaml-unsafe-load
    return yaml.safe_load(text)


def read_positional(text):
    # Near miss: the safe loader passed positionally.
    # ok: yaml-unsafe-load
    return yaml.load(text, yaml.SafeLoader)


def read_imported_loader(text):
    # ok: yaml-unsafe-load
    return yaml.load(text, Loader=SafeLoader)
