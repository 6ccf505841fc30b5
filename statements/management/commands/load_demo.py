from django.core.management.base import BaseCommand

from statements.demo.loader import DEMO_PASSWORD, load


class Command(BaseCommand):
    help = "Load the demo network and the CSP statement of 1 December 2016 (idempotent)."

    def handle(self, **options):
        network, statement, users = load()
        self.stdout.write(f"Demo statement: /statements/{statement.slug}/")
        self.stdout.write(
            f"Demo logins (password {DEMO_PASSWORD}): "
            f"coordinator of {network.short_name} = 'coordinator', "
            f"representative of {users['member'].represented_organisations.first()} = 'member'"
        )
