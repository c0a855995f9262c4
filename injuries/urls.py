from django.urls import path

from .views import code_books, imports, registrations, statistics

app_name = "injuries"

urlpatterns = [
    path("", registrations.home, name="home"),
    path(
        "municipalities/<municipality:code>/registrations/",
        registrations.registration_list,
        name="registration-list",
    ),
    path(
        "municipalities/<municipality:code>/registrations/new/",
        registrations.registration_create,
        name="registration-create",
    ),
    path(
        "registrations/<int:pk>/edit/",
        registrations.registration_update,
        name="registration-update",
    ),
    path("imports/", imports.import_upload, name="import-upload"),
    path("imports/<int:pk>/", imports.import_detail, name="import-detail"),
    path("imports/<int:pk>/progress/", imports.import_progress, name="import-progress"),
    path("imports/<int:pk>/confirm/", imports.import_confirm, name="import-confirm"),
    path("imports/<int:pk>/retry/", imports.import_retry, name="import-retry"),
    path("imports/<int:pk>/undo/", imports.import_undo, name="import-undo"),
    path(
        "imports/<int:pk>/errors.csv", imports.import_error_file, name="import-errors"
    ),
    path("population/", imports.population_upload, name="population-upload"),
    path("code-books/", code_books.code_book_list, name="code-book-list"),
    path("code-books/<int:pk>/", code_books.code_book_detail, name="code-book-detail"),
    path(
        "municipalities/<municipality:code>/statistics/",
        statistics.statistics_municipality,
        name="statistics",
    ),
    path(
        "counties/<int:pk>/statistics/",
        statistics.statistics_county,
        name="statistics-county",
    ),
    path(
        "countries/<str:code>/statistics/",
        statistics.statistics_country,
        name="statistics-country",
    ),
]
