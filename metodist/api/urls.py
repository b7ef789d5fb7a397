from ninja import NinjaAPI

api = NinjaAPI(title="Методист API", version="1", urls_namespace="api")
