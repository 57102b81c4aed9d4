from django.urls import path

from .views import inbox, manage

app_name = "registrants"

urlpatterns = [
    path("", inbox.inbox, name="inbox"),
    path("count/", inbox.match_count, name="count"),
    path("decide/", inbox.decide, name="decide"),
    path("decisions/<int:pk>/", inbox.decision, name="decision"),
    path("decisions/<int:pk>/retry/", inbox.retry, name="retry"),
    path("export/", inbox.export, name="export"),
    path("add/", manage.add, name="add"),
    path("import/", manage.import_csv, name="import"),
    path("import/<int:pk>/", manage.import_job, name="import_job"),
    path("rules/", manage.rules, name="rules"),
    path("rules/new/", manage.rule_new, name="rule_new"),
    path("rules/<int:pk>/", manage.rule_edit, name="rule_edit"),
    path("rules/<int:pk>/delete/", manage.rule_delete, name="rule_delete"),
]
