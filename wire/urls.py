from django.urls import path

from wire import views

app_name = "wire"

urlpatterns = [
    path("ninjs/", views.ninjs_list, name="ninjs-list"),
    path("ninjs/<int:pk>/", views.ninjs_detail, name="ninjs-detail"),
]
