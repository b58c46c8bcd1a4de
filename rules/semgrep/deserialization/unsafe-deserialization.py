import pickle

import cloudpickle
import joblib
import numpy as np


def load_model(path):
    # ruleid: unsafe-deserialization
    return joblib.load(path)


def load_vectors(path):
    # ruleid: unsafe-deserialization
    return np.load(path, allow_pickle=True)


def load_task(blob):
    # ruleid: unsafe-deserialization
    return cloudpickle.loads(blob)


def load_session(blob):
    # Bandit B301 reports plain pickle; this rule does not repeat it.
    # ok: unsafe-deserialization
    return pickle.loads(blob)


def fixture():
    # ok: unsafe-deserialization
    return cloudpickle.loads(b"\x80\x04K*.")


def load_vectors_safely(path):
    # Near miss: numpy refuses object arrays unless allow_pickle=True.
    # ok: unsafe-deserialization
    return np.load(path)
