"""The front pages' routes. newsroom/urls.py places them in the public `articles` namespace,
before the articles' own routes, so `articles:home` and `articles:section` keep their names."""

from django.urls import path

from fronts import views

front_pages = [
    path("", views.home, name="home"),
    path("section/<slug:slug>/", views.section, name="section"),
]
