from django.urls import path

from . import views

app_name = "injuries"

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "municipalities/<municipality:code>/registrations/",
        views.registration_list,
        name="registration-list",
    ),
    path(
        "municipalities/<municipality:code>/registrations/new/",
        views.registration_create,
        name="registration-create",
    ),
    path(
        "registrations/<int:pk>/edit/",
        views.registration_update,
        name="registration-update",
    ),
    path("imports/", views.import_upload, name="import-upload"),
    path("imports/<int:pk>/", views.import_detail, name="import-detail"),
    path("imports/<int:pk>/progress/", views.import_progress, name="import-progress"),
    path("imports/<int:pk>/confirm/", views.import_confirm, name="import-confirm"),
    path("imports/<int:pk>/retry/", views.import_retry, name="import-retry"),
    path("imports/<int:pk>/undo/", views.import_undo, name="import-undo"),
    path("imports/<int:pk>/errors.csv", views.import_error_file, name="import-errors"),
    path("population/", views.population_upload, name="population-upload"),
    path("code-books/", views.code_book_list, name="code-book-list"),
    path("code-books/<int:pk>/", views.code_book_detail, name="code-book-detail"),
    path(
        "municipalities/<municipality:code>/statistics/",
        views.statistics_municipality,
        name="statistics",
    ),
    path(
        "counties/<int:pk>/statistics/",
        views.statistics_county,
        name="statistics-county",
    ),
    path(
        "countries/<str:code>/statistics/",
        views.statistics_country,
        name="statistics-country",
    ),
]
