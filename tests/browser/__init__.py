"""Helpers of the real-browser tests (``tests/test_browser.py``) and benchmark."""
