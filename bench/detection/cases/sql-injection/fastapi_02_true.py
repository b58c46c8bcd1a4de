# label: true cwe: 89 class: sql-injection
# Sort column from the query string into SQLAlchemy text().
from fastapi import FastAPI, Request
from sqlalchemy import create_engine, text

app = FastAPI()
engine = create_engine("postgresql://app@db/app")


@app.get("/products")
def products(request: Request):
    sort = request.query_params.get("sort", "name")
    with engine.connect() as conn:
        rows = conn.execute(text(f"SELECT id, name FROM products ORDER BY {sort}")).fetchall()
    return {"products": [tuple(r) for r in rows]}
