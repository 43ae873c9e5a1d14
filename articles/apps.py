from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self) -> None:
        from articles.live import LiveAction
        from articles.log import ArticleAction
        from articles.tags import use_tag_slugs
        from audit import actions

        actions.register(ArticleAction)
        actions.register(LiveAction)
        use_tag_slugs()
