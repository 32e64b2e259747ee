from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import F, TextField
from django.db.models.functions import Cast
from tqdm import tqdm

from shouwang.core import pii
from shouwang.core.fields import EncryptedTextField
from shouwang.core.models import ExportJob
from shouwang.core.services.exports import exports_purge

CHUNK = 2000


class Command(BaseCommand):
    help = (
        "Re-encrypt every sealed ID number and phone (history tables included) and every "
        "export file waiting for its download with the "
        "first key of SHOUWANG_PII_KEYS. Steps: `shouwang rotate-pii-key --new-key` prints "
        "a key; put it first in SHOUWANG_PII_KEYS, keep the old one after it; run "
        "`shouwang rotate-pii-key`; then remove the old key. Safe to run again. After a "
        "new SHOUWANG_PII_HMAC_KEY, add --rehash to recompute every lookup hash."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--new-key", action="store_true", help="only print a fresh random key and exit"
        )
        parser.add_argument(
            "--rehash",
            action="store_true",
            help="also recompute the keyed lookup hashes (after a new HMAC key)",
        )

    def handle(self, *args, new_key: bool, rehash: bool, **options):
        if new_key:
            self.stdout.write(pii.new_key())
            return
        if rehash:
            for model in apps.get_models():
                if hasattr(model, "refresh_lookup_hashes"):
                    self._rehash(model, options["verbosity"])
        current = pii.current_key_id()
        total = 0
        for model in apps.get_models():
            for field in model._meta.fields:
                if isinstance(field, EncryptedTextField):
                    total += self._rotate(model, field.name, current, options["verbosity"])
        total += self._reseal_exports(current)
        self.stdout.write(f"{total} values re-encrypted with key {current}")

    def _reseal_exports(self, current: str) -> int:
        """The export files waiting for their download, one at a time (each can be tens
        of MiB); those past their time are dropped, not resealed."""
        exports_purge()
        waiting = ExportJob.objects.exclude(content=None).values_list("pk", flat=True)
        resealed = 0
        for pk in waiting:
            with transaction.atomic():
                content = ExportJob.objects.select_for_update().values_list("content", flat=True)
                sealed = content.filter(pk=pk).exclude(content=None).first()
                if sealed is not None and pii.sealed_bytes_key_id(sealed) != current:
                    fresh = pii.seal_bytes(pii.open_bytes(sealed))
                    ExportJob.objects.filter(pk=pk).update(content=fresh)
                    resealed += 1
        return resealed

    def _rehash(self, model, verbosity: int) -> None:
        rows = model._default_manager.order_by("pk")
        bar = tqdm(total=rows.count(), desc=f"{model._meta.label} hashes", disable=verbosity == 0)
        last = 0
        while batch := list(rows.filter(pk__gt=last)[:CHUNK]):
            for record in batch:
                record.refresh_lookup_hashes()
            with transaction.atomic():
                model._default_manager.bulk_update(batch, model.lookup_hash_fields)
            last = batch[-1].pk
            bar.update(len(batch))
        bar.close()

    def _rotate(self, model, field: str, current: str, verbosity: int) -> int:
        # The Cast reads the stored token itself, without the field's decryption.
        stale = (
            model._default_manager.exclude(**{field: ""})
            .exclude(**{f"{field}__isnull": True})
            .annotate(token=Cast(F(field), TextField()))
            .exclude(token__contains=f".{current}.")
            .order_by("pk")
        )
        count = stale.count()
        if not count:
            return 0
        bar = tqdm(total=count, desc=f"{model._meta.label}.{field}", disable=verbosity == 0)
        rotated = 0
        while True:
            batch = list(stale.only("pk", field)[:CHUNK])
            if not batch:
                break
            with transaction.atomic():
                # Saving re-seals the plain value with the current key.
                model._default_manager.bulk_update(batch, [field])
            rotated += len(batch)
            bar.update(len(batch))
        bar.close()
        return rotated
