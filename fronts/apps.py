from django.apps import AppConfig


class FrontsConfig(AppConfig):
    name = "fronts"
    verbose_name = "Fronts"

    def ready(self) -> None:
        from audit import actions
        from fronts.log import FrontAction

        actions.register(FrontAction)
