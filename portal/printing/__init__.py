"""Print batches for the print operator: the command line (print-batch, mark-posted) and a page listing batches."""


def init_app(app) -> None:
    from portal import cli
    from portal.printing import cli as printing_cli
    from portal.printing.views import bp

    app.register_blueprint(bp)
    cli.add_commands(*printing_cli.COMMANDS)  # print-batch, mark-posted
