# label: false cwe: 798 class: hardcoded-secret
# Session key from pydantic settings (environment).
from fastapi import FastAPI
from pydantic_settings import BaseSettings
from starlette.middleware.sessions import SessionMiddleware


class Settings(BaseSettings):
    session_secret: str


settings = Settings()
app = FastAPI()
app.add_middleware(SessionMiddleware, secret_key=settings.session_secret)
