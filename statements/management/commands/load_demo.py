from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from statements.demo.loader import DEMO_PASSWORD, load


class Command(BaseCommand):
    help = (
        "Load the demo network and the CSP statement of 1 December 2016 (idempotent). It creates the logins "
        "'coordinator' and 'member' with a password printed in the README, so with DEBUG off it needs "
        "--allow-demo-logins."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-demo-logins",
            action="store_true",
            help="Load the demo even with DEBUG off (a test or demonstration server; never a real one).",
        )

    def handle(self, *args, allow_demo_logins=False, **options):
        if not settings.DEBUG and not allow_demo_logins:
            # Anyone who read the README could log in as a coordinator and publish in the demo network's name.
            raise CommandError(
                f"load_demo creates a coordinator login with the published password {DEMO_PASSWORD!r}. "
                "With DEBUG off that is refused; pass --allow-demo-logins if this server is only for testing "
                "or demonstration."
            )
        network, statement, users = load()
        self.stdout.write(f"Demo statement: /statements/{statement.slug}/")
        self.stdout.write(
            f"Demo logins (password {DEMO_PASSWORD}): "
            f"coordinator of {network.short_name} = 'coordinator', "
            f"representative of {users['member'].represented_organisations.first()} = 'member'"
        )
