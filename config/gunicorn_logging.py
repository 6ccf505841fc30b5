"""gunicorn's logger with signing tokens masked in its access and error logs.

    gunicorn config.wsgi:application --logger-class config.gunicorn_logging.TokenMaskingLogger ...

gunicorn's access-log format cannot filter, and its loggers do not propagate to Django's LOGGING, so the same
filter (config.log_filters.MaskSigningTokens) is attached to them here.
"""

from gunicorn.glogging import Logger

from config.log_filters import MaskSigningTokens


class TokenMaskingLogger(Logger):
    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.access_log, self.error_log):
            if not any(isinstance(f, MaskSigningTokens) for f in log.filters):
                log.addFilter(MaskSigningTokens())
