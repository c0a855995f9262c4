app_name = "injuries"

urlpatterns: list = []
