import marshal
import pickle
import shelve

import joblib
import numpy as np
import pandas as pd
from flask import request


def load_session(blob):
    # ruleid: unsafe-deserialization
    return pickle.loads(blob)


def import_upload():
    # ruleid: unsafe-deserialization
    return pickle.load(request.files["backup"].stream)


def load_cache(path):
    with open(path, "rb") as handle:
        # ruleid: unsafe-deserialization
        return marshal.load(handle)


def user_prefs(user_id):
    # ruleid: unsafe-deserialization
    return shelve.open(f"/var/lib/app/prefs-{user_id}")


def load_model(path):
    # ruleid: unsafe-deserialization
    return joblib.load(path)


def load_frame(path):
    # ruleid: unsafe-deserialization
    return pd.read_pickle(path)


def load_vectors(path):
    # ruleid: unsafe-deserialization
    return np.load(path, allow_pickle=True)


def save_session(state):
    # Near miss: serialising is safe; only loading runs code.
    # ok: unsafe-deserialization
    return pickle.dumps(state)


def fixture():
    # ok: unsafe-deserialization
    return pickle.loads(b"\x80\x04K*.")


def load_vectors_safely(path):
    # Near miss: numpy refuses object arrays unless allow_pickle=True.
    # ok: unsafe-deserialization
    return np.load(path)
