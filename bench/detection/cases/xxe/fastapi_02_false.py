# label: false cwe: 611 class: xxe
# Parses a configuration file shipped with the application, not request data.
import xml.etree.ElementTree as ET
from pathlib import Path

from fastapi import FastAPI

app = FastAPI()
CONFIG = ET.parse(Path(__file__).with_name("features.xml"))


@app.get("/features")
def features():
    return {"features": [f.get("name") for f in CONFIG.getroot().iter("feature")]}
