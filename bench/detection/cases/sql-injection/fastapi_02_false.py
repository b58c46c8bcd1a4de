# label: false cwe: 89 class: sql-injection
# SQLAlchemy text() with a bound path parameter.
from fastapi import FastAPI
from sqlalchemy import create_engine, text

app = FastAPI()
engine = create_engine("postgresql://app@db/app")


@app.get("/products/{item_id}")
def product(item_id: int):
    with engine.connect() as conn:
        row = conn.execute(text("SELECT id, name FROM products WHERE id = :id"), {"id": item_id})
    return {"product": tuple(row.first() or ())}
