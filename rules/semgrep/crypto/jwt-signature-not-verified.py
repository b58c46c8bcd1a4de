import jwt


def current_user(token):
    # ruleid: jwt-signature-not-verified
    claims = jwt.decode(token, options={"verify_signature": False})
    return claims["sub"]


def legacy_user(token, key):
    # ruleid: jwt-signature-not-verified
    return jwt.decode(token, key, verify=False)


def lenient_user(token, key):
    # ruleid: jwt-signature-not-verified
    return jwt.decode(token, key, algorithms=["HS256", "none"])


def current_user_safely(token, key):
    # ok: jwt-signature-not-verified
    return jwt.decode(token, key, algorithms=["HS256"])


def ignore_expiry(token, key):
    # Near miss: only the expiry check is relaxed; the signature is still verified.
    # ok: jwt-signature-not-verified
    return jwt.decode(token, key, algorithms=["HS256"], options={"verify_exp": False})
