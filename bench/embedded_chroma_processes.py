"""Why ``handoff serve --workers N`` needs a Chroma server: what one process sees of another's writes to an
embedded Chroma store (run by hand; prints what it finds).

    .venv/bin/python bench/embedded_chroma_processes.py

A reader opens the store and adds 50 vectors; another process then adds 50 more. With chromadb 1.5.9 the reader's
``count()`` and ``get()`` see 100, but its ``query()`` still finds 50, even through a new client: a worker that
only reads would silently miss what an ingest worker wrote.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile

import chromadb
import numpy as np
from chromadb.config import Settings

WRITER = """
import sys, numpy as np, chromadb
from chromadb.config import Settings
client = chromadb.PersistentClient(path=sys.argv[1], settings=Settings(anonymized_telemetry=False))
collection = client.get_or_create_collection("vectors", embedding_function=None)
collection.add(ids=[f"id{i}" for i in range(50, 100)], embeddings=np.random.rand(50, 8).astype("float32"))
"""


def main() -> None:
    path = tempfile.mkdtemp(prefix="chroma-processes-")
    settings = Settings(anonymized_telemetry=False)
    collection = chromadb.PersistentClient(path=path, settings=settings).get_or_create_collection(
        "vectors", embedding_function=None
    )
    collection.add(ids=[f"id{i}" for i in range(50)], embeddings=np.random.rand(50, 8).astype("float32"))

    def found(c) -> int:
        return len(c.query(query_embeddings=np.random.rand(1, 8), n_results=500, include=[])["ids"][0])

    print(f"chromadb {chromadb.__version__}; reader before: count {collection.count()}, "
          f"query finds {found(collection)}")
    subprocess.run([sys.executable, "-c", WRITER, path], check=True)
    print(f"after another process added 50: count {collection.count()}, get {len(collection.get()['ids'])}, "
          f"query finds {found(collection)}")
    again = chromadb.PersistentClient(path=path, settings=settings).get_collection(
        "vectors", embedding_function=None
    )
    print(f"a new client in the reader's process: query finds {found(again)}")
    fresh = subprocess.run([sys.executable, "-c", "import sys, numpy as np, chromadb; from chromadb.config import "
                            "Settings; c = chromadb.PersistentClient(path=sys.argv[1], settings=Settings("
                            "anonymized_telemetry=False)).get_collection('vectors', embedding_function=None); "
                            "print(len(c.query(query_embeddings=np.random.rand(1, 8), n_results=500, include=[])"
                            "['ids'][0]))", path], capture_output=True, text=True, check=True)
    print(f"a process started afterwards: query finds {fresh.stdout.strip()}")


if __name__ == "__main__":
    main()
