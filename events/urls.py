from django.urls import path

from .views import manage, public

app_name = "events"

urlpatterns = [
    path("", public.event_list, name="public-list"),
    path("<int:pk>/", public.event_detail, name="public-detail"),
    path("cancel/<str:token>/", public.registration_cancel, name="cancel"),
    path("manage/", manage.event_manage_list, name="manage-list"),
    path("manage/new/", manage.event_create, name="create"),
    path("manage/<int:pk>/edit/", manage.event_edit, name="edit"),
    path(
        "manage/<int:pk>/participants/", manage.event_participants, name="participants"
    ),
    path(
        "manage/<int:pk>/participants.<str:file_format>",
        manage.participants_export,
        name="participants-export",
    ),
]
