"""Tools for testing code that talks to DynamoDB: the drop-in mock
(`dynoxide.mock`, defined in `testing.mock`), the pytest plugin
(`testing.pytest_plugin`, loaded through the `pytest11` entry point) and
table seeding from DynamoDB JSON files and exports (`testing.seed`), and
`dynoxide serve` as a subprocess for endpoint tests (`testing.server`).

Native only: they import botocore, pytest and the file system as needed,
so the browser build leaves this package out (browser.NATIVE_ONLY).
"""
