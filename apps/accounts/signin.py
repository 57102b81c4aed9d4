from allauth.socialaccount.adapter import DefaultSocialAccountAdapter


class ZoomSocialAccountAdapter(DefaultSocialAccountAdapter):
    pass
