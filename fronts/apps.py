from django.apps import AppConfig


class FrontsConfig(AppConfig):
    name = "fronts"
    verbose_name = "Fronts"

    def ready(self) -> None:
        from articles import cache
        from audit import actions
        from fronts import schedule
        from fronts.log import FrontAction

        actions.register(FrontAction)
        cache.also_scheduled(schedule.next_from_database)
