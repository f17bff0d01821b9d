"""A load process for the exact-count tests: posts SDK metrics from several threads.

``python -m tests.support.post_loop URL TOKEN APP THREADS POSTS`` prints the number of
posts answered 202 (the ones whose counts must all reach PostgreSQL).
"""

import json
import sys
import threading

import requests


def body(app: str) -> str:
    return json.dumps(
        {
            "appName": app,
            "instanceId": f"{app}-instance",
            "bucket": {
                "start": "2026-11-26T06:26:36.080Z",
                "stop": "2026-11-26T06:27:36.080Z",
                "toggles": {
                    "load-a": {"yes": 3, "no": 1, "variants": {"blue": 2, "disabled": 1}},
                    "load-b": {"yes": 0, "no": 4},
                    "load-unknown": {"yes": 1, "no": 0},
                },
            },
        }
    )


def post_many(url: str, token: str, app: str, posts: int, accepted: list[int]) -> None:
    session = requests.Session()
    headers = {"Authorization": token, "Content-Type": "application/json"}
    payload = body(app)
    ok = 0
    for _ in range(posts):
        if session.post(url, data=payload, headers=headers, timeout=30).status_code == 202:
            ok += 1
    accepted.append(ok)


def run(url: str, token: str, app: str, threads: int, posts: int) -> int:
    accepted: list[int] = []
    workers = [
        threading.Thread(target=post_many, args=(url, token, app, posts, accepted))
        for _ in range(threads)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(accepted)


if __name__ == "__main__":
    url, token, app, threads, posts = sys.argv[1:6]
    print(run(url, token, app, int(threads), int(posts)), flush=True)
