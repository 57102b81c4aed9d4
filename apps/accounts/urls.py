from django.urls import path

from .views import api_keys, audit_log, connections, overview, roles

urlpatterns = [
    path("", overview.home, name="home"),
    path("switch-account/", overview.switch_account, name="switch_account"),
    path("settings/", connections.settings_index, name="settings"),
    path("settings/connect/", connections.connect_start, name="connection_start"),
    path("settings/connect/callback/", connections.connect_callback, name="connection_callback"),
    path("settings/connections/server-to-server/", connections.server_to_server, name="connection_s2s"),
    path("settings/connections/<str:pk>/disconnect/", connections.disconnect, name="connection_disconnect"),
    path("settings/roles/", roles.roles, name="settings_roles"),
    path("settings/roles/<int:pk>/", roles.role_update, name="settings_role_update"),
    path("settings/api-keys/", api_keys.api_keys, name="settings_api_keys"),
    path("settings/api-keys/<int:pk>/revoke/", api_keys.api_key_revoke, name="settings_api_key_revoke"),
    path("settings/audit/", audit_log.audit_log, name="settings_audit"),
]
