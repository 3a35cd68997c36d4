"""Run rasa_sdk custom actions inside the serve process instead of over HTTP.

Rasa 3.6 calls custom actions through `EndpointConfig.request()`. This endpoint answers that
call by handing the action call straight to rasa_sdk's ActionExecutor, so one process serves
everything. A separate action server still works: configure OPIC_ACTION_ENDPOINT instead.
"""

from __future__ import annotations

import json
from typing import Any

from rasa.utils.endpoints import ClientResponseError, EndpointConfig
from rasa_sdk.executor import ActionExecutor
from rasa_sdk.interfaces import ActionExecutionRejection, ActionNotFoundException

ACTIONS_PACKAGE = "actions"


class InProcessActionEndpoint(EndpointConfig):
    """An action endpoint whose requests run the actions package in this process."""

    def __init__(self, package: str = ACTIONS_PACKAGE) -> None:
        super().__init__(url="in-process://actions", enable_selective_domain=True)
        self.executor = ActionExecutor()
        self.executor.register_package(package)

    async def request(
        self,
        method: str = "post",
        subpath: str | None = None,
        content_type: str | None = "application/json",
        compress: bool = False,
        **kwargs: Any,
    ) -> Any:
        action_call = kwargs["json"]
        try:
            return await self.executor.run(action_call)
        except ActionExecutionRejection as rejection:
            body = {"error": rejection.message, "action_name": rejection.action_name}
            raise ClientResponseError(400, rejection.message, json.dumps(body)) from rejection
        except ActionNotFoundException as missing:
            body = {"error": missing.message, "action_name": missing.action_name}
            raise ClientResponseError(404, missing.message, json.dumps(body)) from missing
