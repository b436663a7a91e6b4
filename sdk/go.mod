module github.com/accueil-pme/accueil/sdk

go 1.26
