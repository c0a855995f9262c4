"""Every write of the injury app, split by concept: registrations entered in
the form, imports of registrations and of population, the run of an import
job, and audited exports."""

from .exports import (
    import_errors_export,
    registrations_api_export_record,
    statistics_api_export_record,
    statistics_export,
)
from .import_runs import import_job_process
from .imports import (
    import_files_purge,
    import_job_confirm,
    import_job_create,
    import_job_create_confirmed,
    import_job_retry,
    import_job_undo,
    registrations_import_file,
)
from .population import (
    population_import_file,
    population_job_create,
    population_summary_text,
)
from .registrations import registration_create, registration_update

__all__ = [
    "import_errors_export",
    "import_files_purge",
    "import_job_confirm",
    "import_job_create",
    "import_job_create_confirmed",
    "import_job_process",
    "import_job_retry",
    "import_job_undo",
    "population_import_file",
    "population_job_create",
    "population_summary_text",
    "registration_create",
    "registration_update",
    "registrations_api_export_record",
    "registrations_import_file",
    "statistics_api_export_record",
    "statistics_export",
]
