from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "apps.webhooks"
    label = "webhooks"
    verbose_name = "Zoom webhooks"
    urls = (("webhooks/", "apps.webhooks.urls"), ("settings/webhooks/", "apps.webhooks.settings_urls"))
