"""The intake page (SPEC 16): ``serve DIR``, a small web server for one quarter.

Modules: :mod:`.quarter` (the quarter a folder of blank forms describes), :mod:`.check` (what
runs for each upload, in a child process), :mod:`.isolate` (that child process, with a time
limit), :mod:`.storage` (the inbox on disk), :mod:`.app` (the Starlette application, its pages
and its guards).  Only :mod:`.app` imports the web libraries (the ``serve`` extra); nothing here
is imported by the rest of the package.
"""
