from articles.models import Article
from tests.factories import make_article


def test_an_article_can_be_made(db):
    make_article()
    assert Article.objects.count() == 1
