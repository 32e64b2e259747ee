from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from shouwang.core.models import Area
from shouwang.demo.loader import DemoRefused, load_demo


class Command(BaseCommand):
    help = (
        "Load the demo district (Xiangzhou: 9 streets, 126 communities, 473 grids, 8,222 "
        "buildings, 1,892 grid workers, one login per role) with residents at --scale of "
        "937,800. Loads only into an empty database; refused in production."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=0.01,
            help="share of the 937,800 residents (default 0.01: about 9,400)",
        )
        parser.add_argument("--seed", type=int, default=2020, help="random seed (default 2020)")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing, quietly, when the database already has areas",
        )

    def handle(self, *args, scale, seed, if_empty, **options):
        if if_empty and Area.objects.exists():
            return
        bar = tqdm(total=0, unit=" residents", desc="demo", disable=options["verbosity"] == 0)

        def progress(done, total):
            bar.total = total
            bar.update(done - bar.n)

        try:
            summary = load_demo(scale=scale, seed=seed, progress=progress)
        except DemoRefused as error:
            raise CommandError(str(error)) from None
        finally:
            bar.close()
        self.stdout.write(
            f"demo district: {summary.areas} areas, {summary.buildings} buildings, "
            f"{summary.grid_workers} grid workers, {summary.users} demo logins, "
            f"{summary.residents} residents in {summary.seconds:.1f} s"
        )
