"""One module per page; each exposes ``render()`` and stays thin."""
