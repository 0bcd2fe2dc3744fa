"""The production server: gunicorn with the WSGI application, started in-process."""

from gunicorn.app.base import BaseApplication


class _Server(BaseApplication):
    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from pasientforlop.wsgi import application

        return application


def run(host: str, port: int, workers: int) -> int:
    _Server(
        {
            "bind": f"{host}:{port}",
            "workers": max(1, workers),
            "accesslog": "-",
            "errorlog": "-",
            "timeout": 60,
            "graceful_timeout": 20,
            "forwarded_allow_ips": "127.0.0.1,::1",
        }
    ).run()
    return 0
