# label: false cwe: 338 class: weak-random
# random.shuffle of quiz questions.
import random

from fastapi import FastAPI

app = FastAPI()
QUESTIONS = ["q1", "q2", "q3", "q4", "q5"]


@app.get("/quiz")
def quiz():
    order = QUESTIONS[:]
    random.shuffle(order)
    return {"questions": order}
