"""A small thread-safe least-recently-used cache of computed values, for per-process memo of expensive reports."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

Value = TypeVar("Value")


class LruCache(Generic[Value]):
    def __init__(self, size: int) -> None:
        self._items: OrderedDict[Hashable, Value] = OrderedDict()
        self._lock = threading.Lock()
        self._size = size

    def get_or_compute(self, key: Hashable, compute: Callable[[], Value]) -> Value:
        """The cached value, else ``compute()`` (outside the lock: two threads may both compute a new key once)."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = compute()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value

    def get(self, key: Hashable) -> Value | None:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        return None

    def put(self, key: Hashable, value: Value) -> Value:
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
