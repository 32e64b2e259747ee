app_name = "quarantine"
urlpatterns = []
