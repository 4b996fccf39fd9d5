"""A loopback HTTP server (127.0.0.1, port 0, one thread per connection) that reproduces the
ways AWS documentation links fail, for tests/test_check_links.py.

Every GET is counted per path (``server.hits``); HEAD is always refused with 405, so a
checker that relies on HEAD fails the tests.
"""

from __future__ import annotations

import gzip
import socket
import struct
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

GUIDE = "/docs/guide/latest/dg"

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{title}</title></head><body>
<header><a href="/elsewhere">nav</a></header>
<main><h1>{h1}</h1>{body}</main></body></html>"""

REAL_BODY = (
    """
<p>Enough text to look like a real documentation page. """
    + "Lorem ipsum dolor sit amet. " * 80
    + """</p>
<h2 id="present">Present</h2>
<h2 id="Case">Case-sensitive id</h2>
<h2 id="café">Non-ASCII id</h2>
<p><a name="legacy-anchor"></a>Old-style anchor</p>
<script>var x = 1; /* location.href = "/ignored-on-a-real-page" */</script>
"""
)


def page(title: str = "Real page - Guide", h1: str = "Real page", body: str = REAL_BODY) -> bytes:
    return PAGE.format(title=title, h1=h1, body=body).encode("utf-8")


# --- notice pages (issue 10) -------------------------------------------------------------------
# AWS-like markup: an alert banner, a note box with a title, the page body after the h1.
FILLER = "<p>Details of the feature follow.</p>" * 3 + "<p>" + "Lorem ipsum dolor sit amet. " * 40 + "</p>"


def aws_note(kind: str, title: str, text: str) -> str:
    return (
        f'<div class="awsdocs-note awsdocs-{kind}"><div class="awsdocs-note-title"><awsui-icon name="status-warning">'
        f'</awsui-icon><h6>{title}</h6></div><div class="awsdocs-note-text"><p>{text}</p></div></div>'
    )


def material_admonition(kind: str, title: str, text: str) -> str:
    return f'<div class="admonition {kind}"><p class="admonition-title">{title}</p><p>{text}</p></div>'


_LOOKALIKES_EN = (
    "You can no longer see this metric after 15 months.",
    "Use previously trained models to start a training job faster.",
    "The default is now 5 minutes.",
    "Formerly, you had to create the role by hand.",
    "To rename a model, create a new model with the new name.",
    "If you delete the role, the endpoint is no longer able to read the model.",
)
_LOOKALIKES_JA = (
    "15 か月を過ぎると、このメトリクスは表示できなくなります。",
    "以前にトレーニングしたモデルを使用すると、ジョブを早く開始できます。",
    "デフォルトは 5 分に変更されました。",
    "モデルの名前を変更するには、新しい名前でモデルを作成します。",
    "ジョブが終了すると、サポートされているメトリクスが表示されます。",
)

#: path -> (page, seeded notices as (kind, date)). Every seeded notice must be reported, and nothing else.
NOTICE_PAGES: dict[str, tuple[bytes, tuple[tuple[str, str | None], ...]]] = {
    # availability, English, AWS note box, English date
    "/notices/availability.html": (
        page(
            "Topic modeling - Amazon Comprehend",
            "Topic modeling",
            aws_note(
                "important",
                "Important",
                "Amazon Comprehend topic modeling is no longer available to new customers, effective April 30, 2026. "
                "Existing customers can keep using it.",
            )
            + FILLER,
        ),
        (("availability", "2026-04-30"),),
    ),
    # availability, Japanese, AWS page banner (awsui-alert), Japanese date
    "/ja_jp/notices/availability.html": (
        page(
            "トピックモデリング - Amazon Comprehend",
            "トピックモデリング",
            '<awsui-alert class="awsdocs-page-banner" type="warning"><p>2026 年 4 月 30 日をもって、'
            "新規のお客様は Amazon Comprehend のトピックモデリングを利用できなくなりました。"
            "既存のお客様は引き続き利用できます。</p></awsui-alert>" + FILLER,
        ),
        (("availability", "2026-04-30"),),
    ),
    # end of support, English, Material-like admonition whose title leads into the sentence
    "/notices/end-of-support.html": (
        page(
            "What is Amazon Lookout for Vision? - Amazon Lookout for Vision",
            "What is Amazon Lookout for Vision?",
            material_admonition(
                "warning",
                "End of support notice",
                "On October 7, 2026, AWS will discontinue support for Amazon Lookout for Vision.",
            )
            + FILLER,
        ),
        (("end_of_support", "2026-10-07"),),
    ),
    # end of support, Japanese, AWS warning note, Japanese date with full-width digits
    "/ja_jp/notices/end-of-support.html": (
        page(
            "Amazon Lookout for Vision とは - Amazon Lookout for Vision",
            "Amazon Lookout for Vision とは",
            aws_note(
                "warning",
                "サポート終了のお知らせ",
                "Amazon Lookout for Vision のサポートは ２０２６年１０月７日に終了します。",
            )
            + FILLER,
        ),
        (("end_of_support", "2026-10-07"),),
    ),
    # rename, English, plain first paragraph (no box)
    "/notices/rename.html": (
        page(
            "What is Amazon Managed Service for Apache Flink?",
            "What is Amazon Managed Service for Apache Flink?",
            "<p>Amazon Managed Service for Apache Flink (previously known as Amazon Kinesis Data Analytics) "
            "runs Apache Flink applications.</p>" + FILLER,
        ),
        (("rename", None),),
    ),
    # rename, Japanese, plain first paragraph
    "/ja_jp/notices/rename.html": (
        page(
            "Amazon Managed Service for Apache Flink とは",
            "Amazon Managed Service for Apache Flink とは",
            "<p>Amazon Managed Service for Apache Flink (旧称 Amazon Kinesis Data Analytics) は "
            "Apache Flink アプリケーションを実行するサービスです。</p>" + FILLER,
        ),
        (("rename", None),),
    ),
    # a retired feature, English, in an AWS important box, day-month-year date
    "/notices/retired.html": (
        page(
            "Elastic Inference - Amazon SageMaker AI",
            "Elastic Inference",
            aws_note("important", "Note", "Amazon Elastic Inference has been discontinued as of 15 April 2024.")
            + FILLER,
        ),
        (("end_of_support", "2024-04-15"),),
    ),
    # look-alike sentences in boxes and first paragraphs, and real phrases where the checker does not read
    "/notices/lookalikes.html": (
        page(
            "Metrics - Amazon SageMaker AI",
            "Metrics",
            "".join(f"<p>{t}</p>" for t in _LOOKALIKES_EN[:3])
            + aws_note("note", "Note", " ".join(_LOOKALIKES_EN[3:]))
            + material_admonition("tip", "Tip", " ".join(_LOOKALIKES_JA))
            + "<p>More text.</p>" * 3
            + "<p>The old console is deprecated.</p>"  # 7th paragraph: not among the first ones
            + '<nav><div class="note">This API has been renamed.</div></nav>',  # page chrome
        ),
        (),
    ),
    "/ja_jp/notices/lookalikes.html": (
        page(
            "メトリクス - Amazon SageMaker AI",
            "メトリクス",
            "".join(f"<p>{t}</p>" for t in _LOOKALIKES_JA[:3]) + FILLER,
        ),
        (),
    ),
}
#: A page whose <title> changes after its first GET (title drift between two runs).
TITLE_DRIFT = "/notices/title-drift.html"
TITLE_BEFORE = "Train a model - Amazon SageMaker"
TITLE_AFTER = "Train a model - Amazon SageMaker AI"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # no 40 ms delayed-ACK stalls between header and body writes
    timeout = 10  # an idle keep-alive connection is dropped after this
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet
        pass

    # -- helpers --------------------------------------------------------------------------
    def send(
        self,
        status: int,
        body: bytes = b"",
        ctype: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, status: int, location: str) -> None:
        self.send(status, b"moved", headers={"Location": location})

    def reset(self) -> None:
        """Abort the connection with a TCP RST."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.rfile.close()
        self.connection.close()
        self.close_connection = True

    # -- methods --------------------------------------------------------------------------
    def do_HEAD(self) -> None:  # noqa: N802
        self.server.count("HEAD " + self.path)
        self.send_response(405)
        self.send_header("Allow", "GET")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:  # noqa: N802
        n = self.server.count(self.path)
        self.server.user_agents.append(self.headers.get("User-Agent", ""))
        try:
            self.route(self.path.split("?", 1)[0], n)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            self.close_connection = True

    def route(self, path: str, n: int) -> None:  # noqa: C901 - a table of cases
        g = GUIDE
        if path in (f"{g}/page.html", f"{g}/new.html", "/trailing/", "/head-refused.html"):
            self.send(200, page())
        elif path in ("/", f"{g}/", f"{g}/index.html", f"{g}/Welcome.html"):
            self.send(200, page("Guide home", "Welcome", "<p>Choose a topic.</p>"))
        elif path == f"{g}/gone-welcome.html":
            self.redirect(301, f"{g}/Welcome.html")
        elif path == f"{g}/gone-root.html":
            self.redirect(302, f"{g}/")
        elif path == f"{g}/gone-home.html":
            self.redirect(301, "/")
        elif path == f"{g}/not-found-title.html":
            self.send(200, page("Page not found - Guide", "Sorry", "<p>Try the search.</p>"))
        elif path == f"{g}/not-found-ja.html":
            self.send(200, page("AWS ドキュメント", "お探しのページは見つかりませんでした", "<p>検索</p>"))
        elif path == f"{g}/meta-landing.html":
            self.send(
                200,
                b'<html><head><meta http-equiv="refresh" content="0; url=index.html"></head><body>Moved.</body></html>',
            )
        elif path == f"{g}/js-landing.html":
            self.send(
                200,
                b"<html><body><p>Redirecting</p><script>window.location.href = "
                b'"/docs/guide/latest/dg/Welcome.html";</script></body></html>',
            )
        elif path == f"{g}/meta-moved.html":
            self.send(
                200,
                b'<html><head><meta http-equiv="refresh" content="0;URL=\'new.html\'"></head>'
                b"<body>Moved.</body></html>",
            )
        elif path == f"{g}/moved.html":
            self.redirect(301, f"{g}/new.html")
        elif path == f"{g}/temp.html":
            self.redirect(302, f"{g}/page.html")
        elif path == "/trailing":
            self.redirect(301, "/trailing/")
        elif path == "/loop-a":
            self.redirect(302, "/loop-b")
        elif path == "/loop-b":
            self.redirect(302, "/loop-a")
        elif path == "/ua-blocked.html":
            if "aws-ml-notes-linkcheck" in self.headers.get("User-Agent", ""):
                self.send(403, b"<h1>Forbidden</h1>")
            else:
                self.send(200, page())
        elif path == "/unauthorized":
            self.send(401, b"no")
        elif path == "/retry-after-once":
            if n == 1:
                self.send(429, b"slow down", headers={"Retry-After": "1"})
            else:
                self.send(200, page())
        elif path == "/always-429":
            self.send(429, b"slow down", headers={"Retry-After": "0"})
        elif path == "/retry-after-long":
            self.send(429, b"slow down", headers={"Retry-After": "3600"})
        elif path == "/flaky-503":
            if n == 1:
                self.send(503, b"busy")
            else:
                self.send(200, page())
        elif path == "/down-503":
            self.send(503, b"down")
        elif path == "/slow":
            self.server.stopping.wait(5)
            self.send(200, page())
        elif path == "/reset":
            self.reset()
        elif path == "/huge-declared":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(50 * 1024 * 1024))
            self.end_headers()
            self.close_connection = True
        elif path == "/huge-stream":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            chunk = b"<p>" + b"x" * 65530 + b"</p>"
            for _ in range(64):
                if self.server.stopping.is_set():
                    break
                self.wfile.write(chunk)
        elif path == "/gone-404":
            self.send(404, b"<h1>Not Found</h1>")
        elif path == "/gone-410":
            self.send(410, b"<h1>Gone</h1>")
        elif path == "/gzip-page.html":
            self.send(
                200, gzip.compress(page(body='<h2 id="zipped">Zipped</h2>')), headers={"Content-Encoding": "gzip"}
            )
        elif path in NOTICE_PAGES:
            self.send(200, NOTICE_PAGES[path][0])
        elif path == TITLE_DRIFT:
            self.send(200, page(TITLE_BEFORE if n == 1 else TITLE_AFTER, "Train a model"))
        elif path == "/guide.pdf":
            self.send(200, b"%PDF-1.4 not really", ctype="application/pdf")
        else:
            self.send(404, b"<h1>Not Found</h1>")


class _Server(ThreadingHTTPServer):
    daemon_threads = False
    block_on_close = True  # server_close() waits for every handler thread

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.hits: Counter[str] = Counter()
        self.user_agents: list[str] = []
        self.stopping = threading.Event()
        self._lock = threading.Lock()

    def count(self, path: str) -> int:
        with self._lock:
            self.hits[path] += 1
            return self.hits[path]

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001 - a client went away
        pass


class FaultServer:
    """Context manager: ``with FaultServer() as srv: srv.url("/reset")``."""

    def __init__(self) -> None:
        self._server = _Server()
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05})

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    @property
    def hits(self) -> Counter[str]:
        return self._server.hits

    @property
    def user_agents(self) -> list[str]:
        return self._server.user_agents

    def requests(self) -> int:
        return sum(self._server.hits.values())

    def __enter__(self) -> FaultServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()
