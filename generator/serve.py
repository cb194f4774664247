"""``serve``: build, serve ``output/`` on 127.0.0.1 and rebuild + reload when a source changes.

A broken edit prints its errors and keeps the last good site served; the next
good save publishes again. (Incremental rebuilds are a later step; this
rebuilds the whole site.)
"""

from __future__ import annotations

from rich.console import Console

from . import build as pipeline
from .errors import ContentErrors


def serve(options: pipeline.Options, host: str, port: int, console: Console) -> int:
    from livereload import Server

    def rebuild() -> None:
        try:
            result = pipeline.build(options)
            console.print(f"rebuilt: {result.notices} notice(s), {result.pages} pages", highlight=False)
        except ContentErrors as errors:
            from .__main__ import report
            report(errors, console)

    rebuild()
    server = Server()
    for watched in (options.content, options.themes):
        server.watch(str(watched), rebuild, delay=0.2)
    console.print(f"serving {options.output.as_posix()}/ on http://{host}:{port}/ (Ctrl-C stops)", highlight=False)
    server.serve(host=host, port=port, root=str(options.output), open_url_delay=None, restart_delay=0)
    return 0
