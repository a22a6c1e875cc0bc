"""The benchmark: how close training, loading and the app come to what this machine allows (`python -m bench`).

A tool beside the product: it runs from a checkout (it serves the dashboard) and is not part of the `har` wheel.
"""
