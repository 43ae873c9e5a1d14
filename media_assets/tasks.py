"""The photo desk's own tasks (django.tasks; `manage.py db_worker` runs them)."""

from datetime import timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.tasks import task
from django.utils import timezone


@task()
def delete_retired_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)  # a name already gone (its photo deleted) is no error


def retire_files(names: list[str]) -> None:
    """Delete these rendition files once no page cached anywhere can still point at them.

    A new crop or credit gives a rendition a new file, but teaser rows, the page cache, the edge
    (s-maxage, then stale-if-error) and browsers keep the old address for a while: the old file
    stays for RETIRED_RENDITION_SECONDS. A queue that cannot wait (the tests' immediate one)
    deletes at once.
    """
    if not names:
        return
    backend = delete_retired_files.get_backend()
    if not backend.supports_defer:
        delete_retired_files.call(names)
        return
    when = timezone.now() + timedelta(seconds=settings.RETIRED_RENDITION_SECONDS)
    delete_retired_files.using(run_after=when).enqueue(names)
