"""`{% figure %}` and `{% rendition %}` for Django templates; see media_assets.figures.

``{% load photos %}``
``{% figure photo "fill-1200x675" sizes="50vw" caption=… credit=… alt=… loading="eager" %}``
``{% rendition photo "crop-16x9" as r %}``
"""

from django import template

from media_assets import figures

register = template.Library()
register.simple_tag(figures.figure)
register.simple_tag(figures.rendition)
