from django.apps import AppConfig


class MediaAssetsConfig(AppConfig):
    name = "media_assets"
    verbose_name = "Photo desk"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from audit import actions
        from media_assets.log import PhotoAction

        actions.register(PhotoAction)
