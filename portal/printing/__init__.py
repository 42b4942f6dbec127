"""Print batches for the print operator: the command line (print-batch, mark-posted) and a page listing batches."""


def init_app(app) -> None:
    from portal.printing.views import bp

    app.register_blueprint(bp)
