import paramiko

# ruleid: private-key-in-source
DEPLOY_KEY = """-----BEGIN OPENSSH PRIVATE KEY-----
pU3KGCUwux1tEyze1iN7LtkeP3IfyxlxF0SU1kk8nVw0YL4xIB5p/tqg7ui5mX9c
fCmZ/a/lkyU81lSvTfrXFCegrrP+6SMvivIhH57kkcWxC+y1Vjv8Hm+TQn7LyP4p
-----END OPENSSH PRIVATE KEY-----
"""

# ruleid: private-key-in-source
SIGNING_KEY = "-----BEGIN EC PRIVATE KEY-----\npU3KGCUwux1tEyze1iN7LtkeP3IfyxlxF0SU1kk8nVw0YL4xIB5p/tqg7ui5mX9c\n-----END EC PRIVATE KEY-----\n"


def load_key():
    # ruleid: private-key-in-source
    pem = b"-----BEGIN RSA PRIVATE KEY-----\n1tEyze1iN7LtkeP3IfyxlxF0SU1kk8nVw0YL4xIB5p/tqg7ui5mX9cfCmZ/a/lkyU81lSv\n-----END RSA PRIVATE KEY-----"
    return paramiko.RSAKey.from_private_key(pem)


# Near miss: public material is meant to be shared.
# ok: private-key-in-source
PUBLIC_KEY = """-----BEGIN PUBLIC KEY-----
pU3KGCUwux1tEyze1iN7LtkeP3IfyxlxF0SU1kk8nVw0YL4xIB5p/tqg7ui5mX9c
-----END PUBLIC KEY-----
"""

# ok: private-key-in-source
KEY_HELP = "Paste the key, starting with -----BEGIN PRIVATE KEY-----, into the form."


def load_key_safely(path):
    # ok: private-key-in-source
    return paramiko.RSAKey.from_private_key_file(path)
