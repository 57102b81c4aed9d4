from django.urls import path

from .views import api_keys, audit_log, roles

urlpatterns = [
    path("settings/roles/", roles.roles, name="settings_roles"),
    path("settings/roles/<int:pk>/", roles.role_update, name="settings_role_update"),
    path("settings/roles/<int:pk>/sessions/", roles.role_sessions, name="settings_role_sessions"),
    path("settings/api-keys/", api_keys.api_keys, name="settings_api_keys"),
    path("settings/api-keys/<int:pk>/revoke/", api_keys.api_key_revoke, name="settings_api_key_revoke"),
    path("settings/audit/", audit_log.audit_log, name="settings_audit"),
]
