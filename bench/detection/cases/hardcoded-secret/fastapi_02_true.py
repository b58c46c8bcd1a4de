# label: true cwe: 798 class: hardcoded-secret
# Session middleware signing key is a literal.
from fastapi import FastAPI
from starlette.middleware.sessions import SessionMiddleware

app = FastAPI()
app.add_middleware(SessionMiddleware, secret_key="super-secret-session-key-123")
